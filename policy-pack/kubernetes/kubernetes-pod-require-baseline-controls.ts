import { containerLabel } from "../lib/pods";
import { ContainerEntry, IGNORED_NAMESPACES_SCHEMA, judgedPod, placeOf, podSecurityContext, POD_LEVEL, securityContextOf } from "../lib/pod-security";
import { PackResourcePolicy } from "../lib/policy";
import { describe } from "../lib/resources";

/** The sysctls the Pod Security Standard deems safe: namespaced, and isolated from other pods on the node. */
const SAFE_SYSCTLS = [
    "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
];
const SELINUX_TYPES = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"];
const APPARMOR_TYPES = ["RuntimeDefault", "Localhost"];
/** The beta AppArmor annotation, one per container, that the appArmorProfile field replaced. */
const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"];
const LIFECYCLE_HOOKS = ["postStart", "preStop"];

const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== "";

/** The SELinux, AppArmor and HostProcess settings of one securityContext (the pod's, or a container's when `entry` is given). */
function contextViolations(context: Record<string, any>, entry: ContainerEntry | undefined): string[] {
    const found: string[] = [];
    const place = placeOf(entry);
    const seLinux = context.seLinuxOptions ?? {};
    if (isSet(seLinux.type) && !SELINUX_TYPES.includes(seLinux.type)) {
        found.push(`sets SELinux type ${JSON.stringify(seLinux.type)} in ${place}; allowed: ${SELINUX_TYPES.join(", ")}.`);
    }
    for (const field of ["user", "role"]) {
        if (isSet(seLinux[field])) found.push(`sets the SELinux ${field} ${JSON.stringify(seLinux[field])} in ${place}, which no pod may set.`);
    }
    const appArmor = context.appArmorProfile;
    if (appArmor !== undefined && appArmor !== null && !APPARMOR_TYPES.includes(appArmor.type)) {
        found.push(`sets AppArmor profile type ${JSON.stringify(appArmor.type)} in ${place}; only RuntimeDefault or Localhost are allowed.`);
    }
    if (context.windowsOptions?.hostProcess === true) found.push(`sets windowsOptions.hostProcess: true in ${place}, which runs it as a process on the node.`);
    return found;
}

/** Probes and lifecycle hooks of a container that name a host: where the kubelet would connect instead of the pod. */
function hostTargets(entry: ContainerEntry): { handler: string; host: unknown }[] {
    const handlers: [string, Record<string, any> | undefined][] = [
        ...PROBES.map((p): [string, Record<string, any> | undefined] => [p, entry.container[p]]),
        ...LIFECYCLE_HOOKS.map((h): [string, Record<string, any> | undefined] => [`lifecycle.${h}`, entry.container.lifecycle?.[h]]),
    ];
    return handlers.flatMap(([name, handler]) => (["httpGet", "tcpSocket"] as const)
        .filter((action) => isSet(handler?.[action]?.host))
        .map((action) => ({ handler: `${name}.${action}`, host: handler![action].host })));
}

/**
 * The baseline Pod Security Standard's controls that no other gate of the pack covers: each
 * one either switches off a kernel protection (unsafe sysctls, an unmasked /proc, an
 * unconfined or custom SELinux/AppArmor label), runs the pod as part of the node (Windows
 * HostProcess), or lets the kubelet be pointed at another host (probe and hook hosts).
 */
export const kubernetesPodRequireBaselineControls: PackResourcePolicy = {
    name: "kubernetes-pod-require-baseline-controls",
    description: "Pods must meet the remaining baseline Pod Security Standard controls: only safe sysctls, procMount Default, SELinux type container_t/container_init_t/container_kvm_t/container_engine_t without user or role, AppArmor profile RuntimeDefault or Localhost (field and annotation), no Windows HostProcess, and no host in probes or lifecycle hooks.",
    rationale: "Unsafe sysctls, an unmasked /proc, unconfined SELinux or AppArmor, HostProcess pods and probes aimed at other hosts each switch off a kernel protection or hand part of the node to the pod.",
    severity: "high",
    enforcementLevel: "mandatory",
    tags: [
        "security", "pod-security", "kubernetes", "source:PSS sysctls", "source:PSS procMount", "source:PSS seLinuxOptions",
        "source:PSS appArmorProfile", "source:PSS windowsHostProcess", "source:PSS hostProbesAndHostLifecycle",
    ],
    remediationSteps: "In the workload's renderer or chart values: remove unsafe sysctls from the pod's securityContext (tune the node instead), remove procMount (or set Default), seLinuxOptions user/role and any other SELinux type, set appArmorProfile to { type: \"RuntimeDefault\" } (or drop the container.apparmor.security.beta.kubernetes.io annotation), remove windowsOptions.hostProcess, and remove host from httpGet/tcpSocket probes and lifecycle hooks so they reach the pod itself.",
    configSchema: { properties: { ignoredNamespaces: IGNORED_NAMESPACES_SCHEMA } },
    validateResource: (args, reportViolation) => {
        const pod = judgedPod(args);
        if (!pod) return;
        const report = (finding: string) => reportViolation(`${describe(args)} ${finding}`);
        const podContext = podSecurityContext(pod);
        const sysctls: Record<string, any>[] = Array.isArray(podContext.sysctls) ? podContext.sysctls : [];
        for (const sysctl of sysctls) {
            if (!SAFE_SYSCTLS.includes(sysctl?.name)) report(`sets sysctl ${sysctl?.name} in ${POD_LEVEL}, which is not in the Pod Security Standard's safe set.`);
        }
        contextViolations(podContext, undefined).forEach(report);
        for (const [key, value] of Object.entries(pod.metadata.annotations ?? {})) {
            if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || typeof value !== "string") continue;
            if (value !== "" && value !== "runtime/default" && !value.startsWith("localhost/")) {
                report(`sets the annotation ${key}: ${JSON.stringify(value)}; only runtime/default or localhost/<profile> are allowed.`);
            }
        }
        for (const entry of pod.containers) {
            const context = securityContextOf(entry);
            if (isSet(context.procMount) && context.procMount !== "Default") {
                report(`sets procMount ${JSON.stringify(context.procMount)} in ${containerLabel(entry)}; only Default, which masks parts of /proc, is allowed.`);
            }
            contextViolations(context, entry).forEach(report);
            for (const { handler, host } of hostTargets(entry)) {
                report(`points ${handler} of ${containerLabel(entry)} at host ${host}; probes and lifecycle hooks may only reach the pod itself.`);
            }
        }
    },
};
