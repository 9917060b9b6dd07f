import { ClusterView } from "@/components/cluster-view";

export default async function ClusterPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ClusterView clusterId={id} />;
}
