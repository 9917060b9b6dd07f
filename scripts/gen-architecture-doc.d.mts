export const START: string;
export const END: string;
export function layerTable(): string;
export function withLayerTable(doc: string): string;
