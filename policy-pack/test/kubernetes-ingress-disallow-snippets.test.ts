import { strict as assert } from "node:assert";
import { kubernetesIngressDisallowSnippets as policy } from "../kubernetes/kubernetes-ingress-disallow-snippets";
import { resource, violations } from "./fixtures";
import { ingress, nginxIngressRelease, virtualServer } from "./fixtures-kubernetes";

describe("kubernetes-ingress-disallow-snippets", () => {
    it("passes an Ingress, a VirtualServer and the F5 chart without snippets", () => {
        assert.deepEqual(violations(policy, [ingress(), virtualServer(), nginxIngressRelease()]), []);
    });

    for (const key of [
        "nginx.org/server-snippets", "nginx.org/location-snippets",
        "nginx.ingress.kubernetes.io/configuration-snippet", "nginx.ingress.kubernetes.io/server-snippet", "nginx.ingress.kubernetes.io/auth-snippet",
        "example.com/custom-snippet",
    ]) {
        it(`fails an Ingress annotated ${key}`, () => {
            const ing = ingress();
            ing.inputs.metadata.annotations[key] = "add_header X-Debug 1;";
            const found = violations(policy, [ing]);
            assert.deepEqual(found.map((v) => v.urn), [ing.urn]);
            assert.ok(found[0].message.endsWith(`gateway-ingress (kubernetes:networking.k8s.io/v1:Ingress) injects NGINX configuration through annotation ${key}.`), found[0].message);
        });
    }

    it("fails a VirtualServer with server and location snippets in its spec, naming both fields", () => {
        const vs = virtualServer();
        vs.inputs.spec["server-snippets"] = "proxy_buffering off;";
        vs.inputs.spec.routes[0]["location-snippets"] = "client_max_body_size 1m;";
        assert.match(violations(policy, [vs])[0].message, /gateway-vs \(kubernetes:k8s\.nginx\.org\/v1:VirtualServer\) injects NGINX configuration through spec\.routes\[0\]\.location-snippets, spec\.server-snippets\.$/);
    });

    it("fails a TransportServer with serverSnippets", () => {
        const ts = resource("kubernetes:k8s.nginx.org/v1:TransportServer", "redis-ts", { inputs: { metadata: { name: "redis" }, spec: { serverSnippets: "deny 10.0.0.1;" } } });
        assert.match(violations(policy, [ts])[0].message, /through spec\.serverSnippets\.$/);
    });

    it("fails a VirtualServer annotated with a snippet", () => {
        const vs = virtualServer();
        vs.inputs.metadata.annotations = { "nginx.org/server-snippets": "return 200;" };
        assert.match(violations(policy, [vs])[0].message, /through annotation nginx\.org\/server-snippets\.$/);
    });

    it("fails the F5 chart with controller.enableSnippets true, as a boolean or a string", () => {
        const release = nginxIngressRelease();
        release.inputs.values.controller.enableSnippets = true;
        assert.match(violations(policy, [release])[0].message, /nginx-ingress \(kubernetes:helm\.sh\/v3:Release\) sets values\.controller\.enableSnippets to true, so every Ingress may inject NGINX configuration\.$/);
        release.inputs.values.controller.enableSnippets = "true";
        assert.equal(violations(policy, [release]).length, 1);
    });

    it("passes the F5 chart with controller.enableSnippets false", () => {
        const release = nginxIngressRelease();
        release.inputs.values.controller.enableSnippets = false;
        assert.deepEqual(violations(policy, [release]), []);
    });

    it("fails the community chart with controller.allowSnippetAnnotations true", () => {
        const release = resource("kubernetes:helm.sh/v3:Release", "ingress-nginx", { inputs: { chart: "ingress-nginx", values: { controller: { allowSnippetAnnotations: true } } } });
        assert.match(violations(policy, [release])[0].message, /sets values\.controller\.allowSnippetAnnotations to true/);
    });

    it("ignores other charts and objects that are not ingress objects", () => {
        const other = resource("kubernetes:helm.sh/v3:Release", "velero", { inputs: { chart: "velero", values: { controller: { enableSnippets: true } } } });
        const configMap = resource("kubernetes:core/v1:ConfigMap", "cm", { inputs: { metadata: { name: "cm", annotations: { "x/server-snippet": "y" } } } });
        assert.deepEqual(violations(policy, [other, configMap]), []);
    });
});
