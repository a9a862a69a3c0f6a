export * from './secure-namespace';
export * from './mesh-mtls';
