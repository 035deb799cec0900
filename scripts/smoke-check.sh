#!/usr/bin/env bash
# After `pulumi up` of a stack: every Deployment and StatefulSet of the application namespace
# finished its rollout, every Service of it has a ready endpoint, and the API answers over TLS
# with a certificate curl trusts. Reads the stack's outputs, so it runs where `pulumi up` ran
# (logged in to the backend, with AWS credentials that are one of the cluster's admin roles).
#
# usage: scripts/smoke-check.sh <stack>     SMOKE_TIMEOUT (default 300s) bounds each rollout.
set -euo pipefail

stack=${1:?usage: scripts/smoke-check.sh <stack>}
timeout=${SMOKE_TIMEOUT:-300s}

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
# The kubeconfig holds no credential (it calls `aws eks get-token`), but it is a secret output:
# keep it out of the log and readable by this user only.
export KUBECONFIG="$workdir/kubeconfig"
(umask 077 && pulumi stack output kubeconfig --show-secrets --stack "$stack" >"$KUBECONFIG")
namespace=$(pulumi stack output applicationNamespace --stack "$stack")
api_url=$(pulumi stack output apiUrl --stack "$stack")

mapfile -t workloads < <(kubectl get deployments,statefulsets --namespace "$namespace" --output name)
if [ "${#workloads[@]}" -eq 0 ]; then
  echo "smoke check: no Deployment or StatefulSet in namespace $namespace" >&2
  exit 1
fi
for workload in "${workloads[@]}"; do
  kubectl rollout status "$workload" --namespace "$namespace" --timeout "$timeout"
done

not_ready=()
while read -r service; do
  ready=$(kubectl get endpointslices --namespace "$namespace" --selector "kubernetes.io/service-name=$service" \
    --output jsonpath='{range .items[*].endpoints[*]}{.conditions.ready}{"\n"}{end}')
  grep -qx true <<<"$ready" || not_ready+=("$service")
done < <(kubectl get services --namespace "$namespace" --output jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
if [ "${#not_ready[@]}" -gt 0 ]; then
  echo "smoke check: Services without a ready endpoint in $namespace: ${not_ready[*]}" >&2
  exit 1
fi

# The gateway's readiness path through the Ingress; TLS only, the certificate verified.
curl --fail --silent --show-error --output /dev/null --proto '=https' --tlsv1.2 --max-time 10 \
  --retry 6 --retry-delay 10 --retry-all-errors "$api_url/ready"
echo "smoke check of $stack passed: ${#workloads[@]} workloads rolled out, every Service ready, $api_url/ready answered over TLS"
