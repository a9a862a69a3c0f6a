export * from './secure-workload-options';
export * from './secure-peer';
export * from './secure-deployment';
export * from './secure-job';
export * from './secure-cron-job';
export * from './secure-stateful-set';
export * from './host-access';
export * from './secure-daemon-set';
