import { describe, expect, it } from "vitest";
import { errorMessageOf } from "./api-client";

describe("errorMessageOf", () => {
  it("shows the server's own explanation when it sent one", () => {
    const body = { error: "The kubeconfig is not valid YAML (line 4, column 3): ..." };
    expect(errorMessageOf(body, { status: 400, statusText: "Bad Request" })).toBe(body.error);
  });
  it("falls back to the HTTP status when the body says nothing useful", () => {
    expect(errorMessageOf(undefined, { status: 502, statusText: "Bad Gateway" })).toBe("Request failed: 502 Bad Gateway");
    expect(errorMessageOf({ error: "" }, { status: 500, statusText: "" })).toBe("Request failed: 500");
  });
});
