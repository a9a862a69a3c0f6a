export * from './secure-ingress';
export * from './ingress-backend';
export * from './ingress-tls';
export * from './controllers';
