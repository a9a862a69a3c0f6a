export * from './profile';
export * from './policy';
export * from './audit';
export * from './namespace';
export * from './workloads';
export * from './ingress';
