{{/* Names and labels shared by every template. */}}
{{- define "kestrel.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "kestrel.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one service; call with (dict "root" $ "name" "auth"). */}}
{{- define "kestrel.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "kestrel.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "kestrel.fullname" .) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{- define "kestrel.secretName" -}}
{{- default (printf "%s-secrets" (include "kestrel.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{- define "kestrel.image" -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}

{{/* KESTREL_GATEWAY_UPSTREAMS from every service's prefixes. */}}
{{- define "kestrel.upstreams" -}}
{{- $root := . -}}
{{- $pairs := list -}}
{{- range $name, $svc := .Values.services -}}
{{- range $prefix := ($svc.prefixes | default list) -}}
{{- $pairs = append $pairs (printf "%s=http://%s-%s:8080" $prefix (include "kestrel.fullname" $root) $name) -}}
{{- end -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}

{{/* The environment of every Kestrel container (services and the migration job). */}}
{{- define "kestrel.env" -}}
- name: KESTREL_HTTP_HOST
  value: "0.0.0.0"
- name: KESTREL_HTTP_PORT
  value: "8080"
- name: KESTREL_HTTP_TRUST_PROXY
  value: "true"
- name: KESTREL_DATA_DIR
  value: /tmp/kestrel
- name: KESTREL_LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: KESTREL_DATABASE_MIGRATE_ON_START
  value: "false"
- name: KESTREL_SHUTDOWN_GRACE_MS
  value: {{ mul (sub .Values.terminationGracePeriodSeconds 5) 1000 | quote }}
- name: KESTREL_GATEWAY_AUTH_URL
  value: {{ printf "http://%s-auth:8080" (include "kestrel.fullname" .) | quote }}
- name: KESTREL_GATEWAY_CORS_ORIGINS
  value: {{ .Values.config.corsOrigins | quote }}
- name: KESTREL_UPDATES_CHANNELS
  value: {{ .Values.config.updatesChannels | quote }}
- name: KESTREL_AUTH_BOOTSTRAP_ADMIN_EMAIL
  value: {{ .Values.config.bootstrapAdminEmail | quote }}
- name: KESTREL_KAFKA_BROKERS
  value: {{ required "externalKafka.brokers is required" .Values.externalKafka.brokers | quote }}
- name: KESTREL_S3_ENDPOINT
  value: {{ required "externalS3.endpoint is required" .Values.externalS3.endpoint | quote }}
- name: KESTREL_S3_BUCKET
  value: {{ .Values.externalS3.bucket | quote }}
- name: KESTREL_S3_REGION
  value: {{ .Values.externalS3.region | quote }}
- name: KESTREL_S3_FORCE_PATH_STYLE
  value: {{ .Values.externalS3.forcePathStyle | quote }}
{{- range $variable, $key := dict "KESTREL_DATABASE_URL" "databaseUrl" "KESTREL_REDIS_URL" "redisUrl" "KESTREL_S3_ACCESS_KEY_ID" "s3AccessKeyId" "KESTREL_S3_SECRET_ACCESS_KEY" "s3SecretAccessKey" "KESTREL_AUTH_KEY_ENCRYPTION_KEY" "authKeyEncryptionKey" "KESTREL_PORTFOLIO_SERVICE_TOKEN" "portfolioServiceToken" "KESTREL_ORDER_PORTFOLIO_SERVICE_TOKEN" "portfolioServiceToken" "KESTREL_SIMULATION_PORTFOLIO_SERVICE_TOKEN" "portfolioServiceToken" "KESTREL_REPORTING_PORTFOLIO_SERVICE_TOKEN" "portfolioServiceToken" "KESTREL_MARKET_DATA_SERVICE_TOKEN" "marketDataServiceToken" "KESTREL_ORDER_SERVICE_TOKEN" "orderServiceToken" "KESTREL_SIMULATION_ORDER_SERVICE_TOKEN" "orderServiceToken" "KESTREL_STRATEGY_CREDENTIAL_KEY" "strategyCredentialKey" }}
- name: {{ $variable }}
  valueFrom:
    secretKeyRef:
      name: {{ include "kestrel.secretName" $ }}
      key: {{ $key }}
{{- end }}
{{- end -}}
