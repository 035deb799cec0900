import { NamespaceSpec } from "../../namespace/baseline";
import { ClusterAddresses, fromPrometheus, toApiServer, toPublicHttps } from "../../namespace/traffic";
import { VELERO_NAMESPACE } from "./schedules";
import { METRICS_PORT, VELERO_SERVER_PODS } from "./values";

/**
 * Velero's namespace: restricted (no node agent, so no host access), every pod (the server and
 * the CRD-upgrade hook job) to the API server, the server out to the regional AWS APIs (S3,
 * EC2, KMS, STS for IRSA; the VPC has no interface endpoints), and Prometheus scraping it.
 */
export function veleroNamespace(addresses: ClusterAddresses): NamespaceSpec {
    return {
        name: VELERO_NAMESPACE,
        podSecurity: "restricted",
        ingress: [fromPrometheus([METRICS_PORT], VELERO_SERVER_PODS)],
        egress: [toApiServer(addresses), toPublicHttps("aws-apis", VELERO_SERVER_PODS)],
    };
}
