export * from './severity';
export * from './pack';
export * from './finding';
export * from './audit-options';
export * from './audit-problem';
export * from './rule-info';
export * from './audit-report';
export * from './audit';
