export * from './rule-id';
