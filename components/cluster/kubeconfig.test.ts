import { strict as assert } from "node:assert";
import { renderKubeconfig } from "./kubeconfig";

describe("renderKubeconfig", () => {
    it("renders one cluster, context and exec user, all named after the cluster, with no credential", () => {
        assert.deepEqual(renderKubeconfig({
            clusterName: "signal-trading-prod", endpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: "us-east-1",
        }), {
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "signal-trading-prod", cluster: { server: "https://ABC.gr7.us-east-1.eks.amazonaws.com", "certificate-authority-data": "Q0E=" } }],
            contexts: [{ name: "signal-trading-prod", context: { cluster: "signal-trading-prod", user: "signal-trading-prod" } }],
            "current-context": "signal-trading-prod",
            users: [{
                name: "signal-trading-prod",
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", "signal-trading-prod", "--region", "us-east-1", "--output", "json"],
                        interactiveMode: "Never",
                    },
                },
            }],
        });
    });

    it("asks for a token in the cluster's own region", () => {
        const kubeconfig = renderKubeconfig({ clusterName: "dev", endpoint: "https://x", certificateAuthorityData: "", region: "eu-central-1" });
        assert.deepEqual(kubeconfig.users[0].user.exec.args.slice(-4), ["--region", "eu-central-1", "--output", "json"]);
    });
});
