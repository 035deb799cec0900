/** NetworkPolicies as the network gates read them. */

export type Direction = "Ingress" | "Egress";

/** The directions a policy restricts: policyTypes, or as Kubernetes defaults it (Ingress, plus Egress when egress rules exist). */
export function policyTypesOf(spec: Record<string, any>): Direction[] {
    if (Array.isArray(spec.policyTypes)) return spec.policyTypes;
    return Array.isArray(spec.egress) && spec.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
}
