import { AksClusterView } from "@/components/aks-cluster-view";

export default async function AksClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AksClusterView clusterId={id} />;
}
