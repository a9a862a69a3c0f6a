export * from './security-policy';
