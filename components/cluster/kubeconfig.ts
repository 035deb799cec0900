/** The kubeconfig of an EKS cluster, as data. */
export interface KubeconfigInputs {
    clusterName: string;
    endpoint: string;
    /** Base64 PEM of the cluster CA, as EKS returns it. */
    certificateAuthorityData: string;
    region: string;
}

/**
 * A kubeconfig that authenticates with `aws eks get-token`: short-lived tokens from the
 * caller's own AWS credentials, so the file holds no credential and access follows the
 * cluster's access entries. It is still exported as a secret: it names the endpoint and CA.
 */
export function renderKubeconfig(inputs: KubeconfigInputs) {
    const name = inputs.clusterName;
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: inputs.endpoint, "certificate-authority-data": inputs.certificateAuthorityData } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [{
            name,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "aws",
                    args: ["eks", "get-token", "--cluster-name", name, "--region", inputs.region, "--output", "json"],
                    interactiveMode: "Never",
                },
            },
        }],
    };
}
