/**
 * Where cluster DNS lives, for the namespace's one default egress allowance (control NS-DNS-EGRESS).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */

/** Namespace of the cluster DNS pods in kubeadm, EKS, GKE and AKS clusters. */
export const KUBE_DNS_NAMESPACE = 'kube-system';

/** Label carried by CoreDNS and kube-dns pods in those clusters (kept for compatibility by CoreDNS). */
export const KUBE_DNS_POD_LABELS: Readonly<Record<string, string>> = { 'k8s-app': 'kube-dns' };

/** DNS port, allowed over UDP and TCP (TCP carries large answers and zone-size responses). */
export const DNS_PORT = 53;

/** The link-local address NodeLocal DNSCache listens on by default. */
export const NODE_LOCAL_DNS_ADDRESS = '169.254.20.10';
