import { NamespaceSpec } from "../../namespace/baseline";
import { fromPrometheus, toPublicHttps } from "../../namespace/traffic";
import { CLOUDWATCH_EXPORTER_NAMESPACE, CLOUDWATCH_EXPORTER_PODS, METRICS_PORT } from "./values";

/**
 * The exporter's namespace: restricted, Prometheus scraping it, and out only to the public AWS
 * endpoints (CloudWatch, the tagging API, STS for IRSA; the VPC has no interface endpoints). It
 * never calls the Kubernetes API.
 */
export function cloudwatchExporterNamespace(): NamespaceSpec {
    return {
        name: CLOUDWATCH_EXPORTER_NAMESPACE,
        podSecurity: "restricted",
        ingress: [fromPrometheus([METRICS_PORT], CLOUDWATCH_EXPORTER_PODS)],
        egress: [toPublicHttps("aws-apis", CLOUDWATCH_EXPORTER_PODS)],
    };
}
