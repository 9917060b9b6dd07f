{{/*
Combinations the schema cannot express, refused with a message that names the values to change.
Included by deployment.yaml, so `helm template`, `helm install` and `helm lint` all stop here.
*/}}
{{- define "dtready.validate" -}}
{{- $v := .Values -}}
{{- if and (gt (int $v.replicas) 1) (ne $v.database.type "postgresql") -}}
{{- fail (printf "replicas: %d replicas need database.type=postgresql; SQLite (the default) is one file on one volume, used by one replica" (int $v.replicas)) -}}
{{- end -}}
{{- if eq $v.database.type "postgresql" -}}
{{- if not $v.database.postgresql.existingSecret -}}
{{- fail "database.postgresql.existingSecret: name the Secret holding DATABASE_URL (postgresql://…) when database.type=postgresql" -}}
{{- end -}}
{{- if not $v.encryptionKey.existingSecret -}}
{{- fail "encryptionKey.existingSecret: with database.type=postgresql every replica needs the same encryption key; name the Secret holding it (openssl rand -base64 32)" -}}
{{- end -}}
{{- end -}}
{{- if $v.auth.oidc.issuer -}}
{{- if not $v.auth.oidc.clientId -}}
{{- fail "auth.oidc.clientId: sign-in with auth.oidc.issuer needs the application (client) ID" -}}
{{- end -}}
{{- if not $v.auth.oidc.clientSecret.existingSecret -}}
{{- fail "auth.oidc.clientSecret.existingSecret: sign-in with auth.oidc.issuer needs the Secret holding the client secret" -}}
{{- end -}}
{{- end -}}
{{- if and $v.azure.workloadIdentity.enabled (not $v.azure.workloadIdentity.clientId) -}}
{{- fail "azure.workloadIdentity.clientId: workload identity needs the managed identity's client ID" -}}
{{- end -}}
{{- if and $v.azure.workloadIdentity.enabled (not $v.serviceAccount.create) -}}
{{- fail "serviceAccount.create: workload identity annotates the chart's ServiceAccount; set serviceAccount.create=true (or annotate your own and leave azure.workloadIdentity off)" -}}
{{- end -}}
{{- if ge (int $v.runs.drainTimeoutSeconds) (int $v.terminationGracePeriodSeconds) -}}
{{- fail (printf "runs.drainTimeoutSeconds: %d must be less than terminationGracePeriodSeconds (%d), or Kubernetes kills the pod while it drains" (int $v.runs.drainTimeoutSeconds) (int $v.terminationGracePeriodSeconds)) -}}
{{- end -}}
{{- if and $v.ingress.enabled (not $v.ingress.hosts) -}}
{{- fail "ingress.hosts: an Ingress needs at least one host name (the server answers only for names it is told)" -}}
{{- end -}}
{{- if and $v.httpRoute.enabled (not $v.httpRoute.parentRefs) -}}
{{- fail "httpRoute.parentRefs: an HTTPRoute needs the Gateway it attaches to" -}}
{{- end -}}
{{- end -}}
