export * from './rule-id';
export * from './security-exception';
