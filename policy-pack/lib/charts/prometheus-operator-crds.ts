/** prometheus-community/prometheus-operator-crds: CustomResourceDefinitions only, no pods and no RBAC. */
import { ChartAdapter } from "./view";

export const prometheusOperatorCrds: ChartAdapter = () => ({ images: [], pods: [], rbac: [] });
