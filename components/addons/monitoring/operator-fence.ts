/**
 * The Prometheus operator's writes of workloads and credentials, held to the monitoring
 * namespace by admission. kube-prometheus-stack 88.5.3 renders only a ClusterRole for the
 * operator (`*` on StatefulSets, Secrets and ConfigMaps in every namespace); the
 * `*InstanceNamespaces` values keep it from wanting to write elsewhere, and this
 * ValidatingAdmissionPolicy refuses it if it tries (a bug, or someone with its token). Its
 * writes of the kubelet Service and Endpoints in kube-system are not matched.
 */
import { MONITORING_NAMESPACE } from "../../namespace/traffic";
import { MONITORING_RELEASE } from "./values";

/** The operator's service account: the chart's `<release>-operator`. */
export const OPERATOR_USER = `system:serviceaccount:${MONITORING_NAMESPACE}:${MONITORING_RELEASE}-operator`;
const NAME = "prometheus-operator-in-monitoring-namespace";
const WRITES = ["CREATE", "UPDATE", "DELETE"];

export function renderOperatorFence() {
    return {
        policy: {
            metadata: { name: NAME },
            spec: {
                // A request the expressions cannot evaluate is refused: the fence fails closed.
                failurePolicy: "Fail",
                matchConstraints: {
                    resourceRules: [
                        { apiGroups: ["apps"], apiVersions: ["v1"], operations: WRITES, resources: ["statefulsets"] },
                        { apiGroups: [""], apiVersions: ["v1"], operations: WRITES, resources: ["secrets", "configmaps"] },
                    ],
                },
                matchConditions: [{ name: "prometheus-operator", expression: `request.userInfo.username == '${OPERATOR_USER}'` }],
                validations: [{
                    expression: `request.namespace == '${MONITORING_NAMESPACE}'`,
                    message: `the Prometheus operator writes StatefulSets, Secrets and ConfigMaps only in ${MONITORING_NAMESPACE}`,
                    reason: "Forbidden",
                }],
            },
        },
        binding: {
            metadata: { name: NAME },
            spec: { policyName: NAME, validationActions: ["Deny"] },
        },
    };
}
