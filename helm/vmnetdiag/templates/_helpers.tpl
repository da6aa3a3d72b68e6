{{/* Chart name, overridable; also the app.kubernetes.io/name label. */}}
{{- define "vmnetdiag.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Prefix of every object's name. Includes the chart name unless the release already does, so cluster-scoped
objects (ClusterRole, ClusterRoleBinding) of a release called e.g. "prod" do not collide with other charts'.
*/}}
{{- define "vmnetdiag.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of the operator's Deployment, ClusterRole and ClusterRoleBinding. */}}
{{- define "vmnetdiag.operatorName" -}}
{{- printf "%s-operator" (include "vmnetdiag.fullname" . | trunc 54 | trimSuffix "-") -}}
{{- end -}}

{{/* The operator's service account: the chart's own, or one the user manages. */}}
{{- define "vmnetdiag.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "vmnetdiag.operatorName" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The one image of the project: the operator runs it, and capture pods run it with the agent entry point.
A digest, when given, pins it exactly.
*/}}
{{- define "vmnetdiag.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{- define "vmnetdiag.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vmnetdiag.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "vmnetdiag.labels" -}}
{{ include "vmnetdiag.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/*
TODO(watch-namespaces): the operator watches every namespace; OperatorSettings reads no namespace list yet.
Until it does, refuse a restricted list rather than pretend to honour it.
*/}}
{{- define "vmnetdiag.checkWatchNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- fail "watchNamespaces is not supported yet: this operator version watches NetworkDiagnosis resources in all namespaces. Leave watchNamespaces empty." -}}
{{- end -}}
{{- end -}}
