import { strict as assert } from "node:assert";
import { ResourceUnderTest } from "../../tools/policy/engine";
import { kubernetesPodRequireBaselineControls as policy } from "../kubernetes/kubernetes-pod-require-baseline-controls";
import { resource, violations } from "./fixtures";
import { container, deployment, SERVICE } from "./fixtures-workloads";

const pod = (d: ResourceUnderTest) => d.inputs.spec.template.spec;
const gateway = (d: ResourceUnderTest) => pod(d).containers[0];
const OBJECT = "gateway \\(kubernetes:apps\\/v1:Deployment\\)";

/** The single violation the policy reports for `d`. */
function only(d: ResourceUnderTest): string {
    const found = violations(policy, [d]);
    assert.deepEqual(found.map((v) => v.urn), [d.urn]);
    return found[0].message;
}

describe("kubernetes-pod-require-baseline-controls", () => {
    it("passes the compliant gateway Deployment", () => {
        assert.deepEqual(violations(policy, [deployment()]), []);
    });

    it("passes every allowed value: safe sysctls, procMount Default, allowed SELinux types, RuntimeDefault/Localhost AppArmor, hostProcess false, probes without host", () => {
        const d = deployment();
        pod(d).securityContext.sysctls = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"].map((name) => ({ name, value: "1" }));
        pod(d).securityContext.seLinuxOptions = { type: "container_t", level: "s0:c123,c456" };
        pod(d).securityContext.appArmorProfile = { type: "RuntimeDefault" };
        pod(d).securityContext.windowsOptions = { hostProcess: false };
        Object.assign(gateway(d).securityContext, { procMount: "Default", seLinuxOptions: { type: "container_engine_t", user: "", role: "" }, appArmorProfile: { type: "Localhost", localhostProfile: "gateway" } });
        pod(d).initContainers = ["container_init_t", "container_kvm_t"].map((type) => ({ ...container(), name: type, securityContext: { seLinuxOptions: { type } } }));
        d.inputs.spec.template.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/gateway": "runtime/default", "container.apparmor.security.beta.kubernetes.io/migrate": "localhost/migrate", "example.com/other": "unconfined" };
        gateway(d).startupProbe = { tcpSocket: { port: "http", host: "" } };
        assert.deepEqual(violations(policy, [d]), []);
    });

    it("fails a sysctl outside the safe set", () => {
        const d = deployment();
        pod(d).securityContext.sysctls = [{ name: "net.ipv4.tcp_syncookies", value: "1" }, { name: "kernel.msgmax", value: "65536" }];
        assert.match(only(d), new RegExp(`${OBJECT} sets sysctl kernel\\.msgmax in the pod's securityContext, which is not in the Pod Security Standard's safe set\\.$`));
    });

    it("fails a procMount other than Default", () => {
        const d = deployment();
        gateway(d).securityContext.procMount = "Unmasked";
        assert.match(only(d), new RegExp(`${OBJECT} sets procMount "Unmasked" in containers\\[gateway\\]; only Default, which masks parts of /proc, is allowed\\.$`));
    });

    it("fails an SELinux type outside the allowed ones, on the pod", () => {
        const d = deployment();
        pod(d).securityContext.seLinuxOptions = { type: "spc_t" };
        assert.match(only(d), new RegExp(`${OBJECT} sets SELinux type "spc_t" in the pod's securityContext; allowed: container_t, container_init_t, container_kvm_t, container_engine_t\\.$`));
    });

    it("fails an SELinux user and role, on a container", () => {
        const d = deployment();
        gateway(d).securityContext.seLinuxOptions = { user: "system_u", role: "system_r" };
        const found = violations(policy, [d]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, new RegExp(`${OBJECT} sets the SELinux user "system_u" in containers\\[gateway\\], which no pod may set\\.$`));
        assert.match(found[1].message, /sets the SELinux role "system_r" in containers\[gateway\], which no pod may set\.$/);
    });

    it("fails an Unconfined AppArmor profile on the pod and on a container", () => {
        const d = deployment();
        pod(d).securityContext.appArmorProfile = { type: "Unconfined" };
        gateway(d).securityContext.appArmorProfile = { type: "Unconfined" };
        const found = violations(policy, [d]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, new RegExp(`${OBJECT} sets AppArmor profile type "Unconfined" in the pod's securityContext; only RuntimeDefault or Localhost are allowed\\.$`));
        assert.match(found[1].message, /sets AppArmor profile type "Unconfined" in containers\[gateway\]; only RuntimeDefault or Localhost are allowed\.$/);
    });

    it("fails the AppArmor annotation set to unconfined on the pod template", () => {
        const d = deployment();
        d.inputs.spec.template.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/gateway": "unconfined" };
        assert.match(only(d), new RegExp(`${OBJECT} sets the annotation container\\.apparmor\\.security\\.beta\\.kubernetes\\.io/gateway: "unconfined"; only runtime/default or localhost/<profile> are allowed\\.$`));
    });

    it("fails windowsOptions.hostProcess: true on the pod and on a container", () => {
        const d = deployment();
        pod(d).securityContext.windowsOptions = { hostProcess: true };
        assert.match(only(d), new RegExp(`${OBJECT} sets windowsOptions\\.hostProcess: true in the pod's securityContext, which runs it as a process on the node\\.$`));
        delete pod(d).securityContext.windowsOptions;
        gateway(d).securityContext.windowsOptions = { hostProcess: true };
        assert.match(only(d), /sets windowsOptions\.hostProcess: true in containers\[gateway\], which runs it as a process on the node\.$/);
    });

    it("fails a probe or lifecycle hook that names a host", () => {
        const d = deployment();
        gateway(d).readinessProbe.httpGet.host = "169.254.169.254";
        assert.match(only(d), new RegExp(`${OBJECT} points readinessProbe\\.httpGet of containers\\[gateway\\] at host 169\\.254\\.169\\.254; probes and lifecycle hooks may only reach the pod itself\\.$`));
        delete gateway(d).readinessProbe.httpGet.host;
        gateway(d).lifecycle = { preStop: { tcpSocket: { port: 6443, host: "kubernetes.default" } } };
        assert.match(only(d), /points lifecycle\.preStop\.tcpSocket of containers\[gateway\] at host kubernetes\.default; probes and lifecycle hooks may only reach the pod itself\.$/);
    });

    it("skips kube-system by default and the namespaces the config lists", () => {
        const d = deployment();
        gateway(d).securityContext.procMount = "Unmasked";
        d.inputs.metadata.namespace = "kube-system";
        assert.deepEqual(violations(policy, [d]), []);
        assert.equal(violations(policy, [d], { ignoredNamespaces: [] }).length, 1);
    });

    it("ignores objects that run no pod", () => {
        const service = resource(SERVICE, "gateway-svc", { inputs: { metadata: { name: "gateway", annotations: { "container.apparmor.security.beta.kubernetes.io/x": "unconfined" } }, spec: { securityContext: { sysctls: [{ name: "kernel.msgmax" }] } } } });
        assert.deepEqual(violations(policy, [service]), []);
    });
});
