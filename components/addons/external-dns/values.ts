import { Placement } from "../../cluster/placement";
import { CHART_IMAGES, chartImage } from "../../shared/images";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../pod-security";

export const EXTERNAL_DNS_NAMESPACE = "external-dns";
export const EXTERNAL_DNS_RELEASE = "external-dns";
/** Created with its IRSA role by the component; the chart only refers to it. */
export const EXTERNAL_DNS_SERVICE_ACCOUNT = "external-dns";
/** Metrics and health endpoint (`--metrics-address`, the chart's fixed container port). */
export const METRICS_PORT = 7979;
/** Its pods: the chart's selector labels for the release `external-dns`. */
export const EXTERNAL_DNS_PODS = { "app.kubernetes.io/name": "external-dns", "app.kubernetes.io/instance": EXTERNAL_DNS_RELEASE };

/** The distroless image's non-root user. */
const USER = 65532;

export interface ExternalDnsValuesInputs {
    /** Owner of the records this instance writes (the TXT registry's owner ID). */
    clusterName: string;
    region: string;
    zoneName: string;
    hostedZoneId: string;
    /** Only Ingresses of this class get records: they point at its load balancer. */
    ingressClassName: string;
    placement: Placement;
    /** This account's ECR registry host, whose pull-through cache serves the images. */
    registry: string;
}

/** Values of the kubernetes-sigs external-dns chart for Route 53. */
export function externalDnsValues(inputs: ExternalDnsValuesInputs) {
    return {
        image: chartImage(inputs.registry, CHART_IMAGES.externalDns),
        provider: { name: "aws" },
        // The hostnames of Ingresses; their status carries the controller's NLB, the records' target.
        sources: ["ingress"],
        domainFilters: [inputs.zoneName],
        // upsert-only: creates and updates, never deletes. A wrong owner ID, an Ingress deleted
        // by mistake or a bug cannot empty the zone; the price is that the record of a removed
        // host stays until someone deletes it in Route 53.
        policy: "upsert-only",
        registry: "txt",
        // Records of this cluster are marked with its name, so a second cluster on the zone never takes them over.
        txtOwnerId: inputs.clusterName,
        extraArgs: {
            "zone-id-filter": inputs.hostedZoneId,
            "aws-zone-type": "public",
            "ingress-class": inputs.ingressClassName,
        },
        // The SDK's region for STS; Route 53 itself is global.
        env: [{ name: "AWS_DEFAULT_REGION", value: inputs.region }],
        serviceAccount: { create: false, name: EXTERNAL_DNS_SERVICE_ACCOUNT },
        // It watches Ingresses through the Kubernetes API.
        automountServiceAccountToken: true,
        // The fsGroup makes the projected IRSA token readable by the non-root user.
        podSecurityContext: restrictedPodSecurity({ user: USER, fsGroup: USER }),
        securityContext: { privileged: false, ...restrictedContainerSecurity({ user: USER }) },
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        // One replica by design (the chart fixes it, Recreate): two writers would race on the zone.
        // Existing records keep resolving while it is down, so it is not cluster-critical.
        nodeSelector: inputs.placement.nodeSelector,
        tolerations: inputs.placement.tolerations,
        serviceMonitor: { enabled: true },
    };
}
