export * from './rule-id';
export * from './security-exception';
export * from './namespace-pod-security-level';
export * from './namespace-resources';
export * from './hsts-options';
export * from './workload-resources';
export * from './workload-probe';
export * from './exception-policy';
