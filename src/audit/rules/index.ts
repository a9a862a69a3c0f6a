export * from './all-rules';
