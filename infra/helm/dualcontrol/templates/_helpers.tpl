{{/* Names: <release>-dualcontrol unless the release name already says dualcontrol. */}}
{{- define "dc.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "dc.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: dualcontrol
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "api"). Never change them: a
     Deployment's selector is immutable. */}}
{{- define "dc.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "dc.componentLabels" -}}
{{ include "dc.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The image of one component: (dict "root" $ "component" "api"). */}}
{{- define "dc.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag: `latest` is refused; use an immutable tag (a release or a commit)" -}}
{{- end -}}
{{- printf "%s/dualcontrol-%s:%s" .root.Values.image.registry .component $tag -}}
{{- end -}}

{{- define "dc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "dc.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The Secret every process reads: the operator's own, or the one this chart creates. */}}
{{- define "dc.secretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- .Values.secrets.existingSecret -}}
{{- else if .Values.secrets.create -}}
{{- printf "%s-secrets" (include "dc.fullname" .) -}}
{{- else -}}
{{- fail "secrets: name your Secret in secrets.existingSecret, or set secrets.create=true with secrets.values (see values.yaml for the keys)" -}}
{{- end -}}
{{- end -}}

{{- define "dc.configName" -}}
{{- printf "%s-config" (include "dc.fullname" .) -}}
{{- end -}}

{{/* Plain settings every process reads (ConfigMap data and the migration Job's env). */}}
{{- define "dc.configData" -}}
NODE_ENV: production
LOG_LEVEL: {{ .Values.config.logLevel | quote }}
APP_DOMAIN: {{ .Values.appDomain | quote }}
TRUST_PROXY: {{ .Values.config.trustProxy | toString | quote }}
MAIL_FROM: {{ .Values.config.mailFrom | quote }}
BODY_LIMIT_BYTES: {{ .Values.config.bodyLimitBytes | int64 | toString | quote }}
DATABASE_POOL_SIZE: {{ .Values.config.databasePoolSize | int64 | toString | quote }}
{{- with .Values.config.databasePoolerUrl }}
DATABASE_POOLER_URL: {{ . | quote }}
{{- end }}
STRIPE_JS_URL: {{ .Values.config.stripeJsUrl | quote }}
{{- with .Values.config.stripePublishableKey }}
STRIPE_PUBLISHABLE_KEY: {{ . | quote }}
{{- end }}
{{- with .Values.config.platformOperatorEmail }}
PLATFORM_OPERATOR_EMAIL: {{ . | quote }}
{{- end }}
{{- with .Values.config.otlpEndpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
{{- end }}
TEMPORAL_ADDRESS: {{ required "temporal.address (host:port of the Temporal frontend) is required" .Values.temporal.address | quote }}
TEMPORAL_NAMESPACE: {{ .Values.temporal.namespace | quote }}
TEMPORAL_TASK_QUEUE: {{ .Values.temporal.taskQueue | quote }}
DEMO_TENANTS: "false"
LISTEN_HOST: "0.0.0.0"
API_PORT: {{ .Values.api.port | toString | quote }}
API_WORKERS: "1"
PORTAL_PORT: {{ .Values.portal.port | toString | quote }}
PORTAL_API_URL: {{ printf "http://%s-api:%v" (include "dc.fullname" .) .Values.api.port | quote }}
{{- range $name, $value := .Values.config.extra }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by the three Deployments and the Job. */}}
{{- define "dc.podSpecCommon" -}}
serviceAccountName: {{ include "dc.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/* Environment of every container: the ConfigMap and the Secret. */}}
{{- define "dc.envFrom" -}}
envFrom:
  - configMapRef:
      name: {{ include "dc.configName" . }}
  - secretRef:
      name: {{ include "dc.secretName" . }}
{{- end -}}

{{/* Roll the pods when the configuration or the chart-made Secret changes. */}}
{{- define "dc.checksums" -}}
checksum/config: {{ include "dc.configData" . | sha256sum }}
{{- if and .Values.secrets.create (not .Values.secrets.existingSecret) }}
checksum/secret: {{ toJson .Values.secrets.values | sha256sum }}
{{- end }}
{{- end -}}

{{/* An egress rule: (dict "ports" (list 443) "peers" list "protocol" "TCP"). */}}
{{- define "dc.egressRule" -}}
- ports:
    {{- range .ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- with .peers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{- define "dc.dnsEgress" -}}
- ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
  {{- with .Values.networkPolicy.dnsPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* Egress to the OpenTelemetry collector, when traces are exported (config.otlpEndpoint). */}}
{{- define "dc.collectorEgress" -}}
{{- if .Values.config.otlpEndpoint }}
{{- include "dc.egressRule" (dict "ports" (list .Values.networkPolicy.collectorPort) "peers" .Values.networkPolicy.collectorPeers) }}
{{- end }}
{{- end -}}
