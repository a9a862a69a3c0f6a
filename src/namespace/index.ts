export * from './secure-namespace';
export * from './cluster-dns';
export * from './mesh-mtls';
