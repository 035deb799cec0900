import { containerLabel, podOf } from "../lib/pods";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

const list = (value: unknown): Record<string, any>[] =>
    (Array.isArray(value) ? value.filter((v) => v !== null && typeof v === "object") : []);

/**
 * Environment variables leak: into child processes, crash reports, debug endpoints and logs
 * that print the environment; and they keep the old value after the Secret rotates. A secret
 * mounted as a file stays in the container's filesystem and follows the Secret.
 */
export const kubernetesPodRequireSecretFiles: PackResourcePolicy = {
    name: "kubernetes-pod-require-secret-files",
    description: "Containers of pods (of Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs) must read Secrets from mounted files, not from environment variables (env[].valueFrom.secretKeyRef or envFrom[].secretRef).",
    rationale: "Secrets in environment variables leak into child processes, crash reports and logs and keep their old value after rotation; mounted files do neither.",
    severity: "medium",
    enforcementLevel: "mandatory",
    tags: ["security", "secrets", "kubernetes", "source:CIS EKS 4.4.1", "source:CKV_K8S_35"],
    remediationSteps: "In the workload's renderer, replace the secretKeyRef/secretRef with a `secret` volume (items naming the keys, defaultMode 0400) mounted read-only into the container, and have the application read the file (e.g. a *_FILE variable holding its path).",
    validateResource: (args, reportViolation) => {
        for (const entry of podOf(args.type, args.props)?.containers ?? []) {
            for (const variable of list(entry.container.env)) {
                const ref = variable.valueFrom?.secretKeyRef;
                if (ref !== undefined && ref !== null) {
                    reportViolation(`${describe(args)} passes key ${ref.key ?? "?"} of Secret ${ref.name ?? "?"} to ${containerLabel(entry)} as environment variable ${variable.name ?? "?"}.`);
                }
            }
            for (const source of list(entry.container.envFrom)) {
                if (source.secretRef !== undefined && source.secretRef !== null) {
                    reportViolation(`${describe(args)} loads every key of Secret ${source.secretRef.name ?? "?"} into the environment of ${containerLabel(entry)} (envFrom secretRef).`);
                }
            }
        }
    },
};
