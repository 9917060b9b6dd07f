import { describe, expect, it } from "vitest";
import { parseErrorEnvelope } from "./client";
import { endpointsOf } from "./connection-info";
import { registrationBody } from "./settings-write";

describe("parseErrorEnvelope", () => {
  it("reads the Dynatrace envelope, also as an array, and nothing else", () => {
    expect(parseErrorEnvelope('{"error":{"code":403,"message":"Token is missing required scope."}}')).toEqual({ code: 403, message: "Token is missing required scope." });
    expect(parseErrorEnvelope('[{"error":{"code":400,"message":"Constraints violated.","constraintViolations":[]}}]')).toEqual({ code: 400, message: "Constraints violated." });
    expect(parseErrorEnvelope("<html>502 Bad Gateway</html>")).toBeUndefined();
    expect(parseErrorEnvelope('{"message":"no envelope"}')).toBeUndefined();
  });
});

describe("endpointsOf", () => {
  it("accepts the OneAgent array and the ActiveGate comma-separated string", () => {
    expect(endpointsOf(["https://a.example.com/communication", "https://b.example.com:443/communication"])).toHaveLength(2);
    expect(endpointsOf("https://a/communication, https://b:443/communication")).toEqual(["https://a/communication", "https://b:443/communication"]);
    expect(endpointsOf(undefined)).toEqual([]);
    expect(endpointsOf(["not a url", 42])).toEqual([]);
  });
});

describe("registrationBody", () => {
  it("is the operator's builtin:cloud.kubernetes registration, labelled with the cluster's name", () => {
    expect(registrationBody("aks-prod")).toEqual([
      {
        schemaId: "builtin:cloud.kubernetes",
        schemaVersion: "3.0.0",
        value: { label: "aks-prod", clusterId: "00000000-0000-0000-0000-000000000000", clusterIdEnabled: true, enabled: true },
      },
    ]);
  });
});
