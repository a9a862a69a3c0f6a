export * from './ingress-controller';
export * from './ingress-controller-profile';
export * from './nginx-profile';
export * from './traefik-profile';
export * from './generic-profile';
