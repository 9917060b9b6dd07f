export interface Layer {
  name: string;
  dirs: string[];
  mayImport: string[];
  why: string;
}
export const LAYERS: Layer[];
export function prefixesOf(layer: Layer): string[];
