export * from './secure-workload-options';
export * from './secure-peer';
export * from './secure-deployment';
