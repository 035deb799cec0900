import { IGNORED_NAMESPACES_SCHEMA, judgedPod } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/** The volume types the restricted Pod Security Standard allows. */
const RESTRICTED_VOLUME_TYPES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/**
 * A hostPath volume reads or writes the node's filesystem (its kubelet credentials, the
 * container runtime socket); the other non-restricted types (nfs, iscsi, rbd, ...) attach
 * storage outside the CSI drivers and StorageClasses the platform controls.
 */
export const kubernetesPodDisallowHostPath: PackResourcePolicy = {
    name: "kubernetes-pod-disallow-host-path",
    description: `Pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must not mount hostPath volumes, and may use only the volume types of the restricted Pod Security Standard (${RESTRICTED_VOLUME_TYPES.join(", ")}).`,
    rationale: "A hostPath volume reads or writes the node's filesystem, its kubelet credentials and the container runtime socket included.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: ["security", "pod-security", "kubernetes", "source:PSS hostPathVolumes", "source:PSS restrictedVolumes"],
    remediationSteps: "Replace the volume in the workload's renderer or chart values: emptyDir for scratch space, a persistentVolumeClaim on the encrypted StorageClass for data, configMap/secret/projected for configuration and tokens.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        const pod = judgedPod(args);
        const volumes: unknown[] = Array.isArray(pod?.spec.volumes) ? pod!.spec.volumes : [];
        for (const volume of volumes) {
            if (volume === null || typeof volume !== "object") continue;
            const { name = "?", ...sources } = volume as Record<string, any>;
            // A volume without a source is defaulted to emptyDir by the API server.
            for (const type of Object.keys(sources).filter((t) => sources[t] !== undefined && sources[t] !== null)) {
                if (type === "hostPath") {
                    reportViolation(`${describe(args)} mounts the node's ${sources.hostPath?.path ?? "filesystem"} through hostPath volume ${name}.`);
                } else if (!RESTRICTED_VOLUME_TYPES.includes(type)) {
                    reportViolation(`${describe(args)} uses volume ${name} of type ${type}, which the restricted Pod Security Standard does not allow (allowed: ${RESTRICTED_VOLUME_TYPES.join(", ")}).`);
                }
            }
        }
    },
};
