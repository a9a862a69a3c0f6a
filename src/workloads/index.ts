export * from './secure-deployment';
