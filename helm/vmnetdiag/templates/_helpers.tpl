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

{{/* Name of the operator's Deployment and of its ClusterRole or per-namespace Roles and their bindings. */}}
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

{{/* The operator's rules in the namespaces it serves: exactly what it does, nothing more (the tests hold
     them against the API server's audit log of a whole diagnosis). Reads go through its informers. */}}
{{- define "vmnetdiag.captureRoleName" -}}
{{ include "vmnetdiag.operatorName" . }}-capture
{{- end -}}

{{- define "vmnetdiag.operatorRules" -}}
# patch: JOSDK adds and removes its finalizer, which removes the capture pod in the capture namespace.
# delete: a one-shot diagnosis whose spec.ttlSecondsAfterFinished has passed.
- apiGroups: ["vmnetdiag.io"]
  resources: ["networkdiagnoses"]
  verbs: ["list", "watch", "patch", "delete"]
# update: the status; patch: the error status JOSDK writes (server-side apply) when a reconcile fails.
- apiGroups: ["vmnetdiag.io"]
  resources: ["networkdiagnoses/status"]
  verbs: ["update", "patch"]
# Each event is created once, under a name of its own, in the diagnosis' namespace.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
# KubeVirt targets: the VMI a diagnosis names, in the diagnosis' namespace, and its virt-launcher pods, found by the
# VMI's UID label (list, not get: the VMI names its pods only by UID). Read-only: nothing else about pods here.
- apiGroups: ["kubevirt.io"]
  resources: ["virtualmachineinstances"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list"]
{{- if .Values.alerts.enabled }}
# Alerts (alerts.enabled): the receiver reads the DiagnosisTriggers and creates the diagnoses they call for, in the
# trigger's namespace (admission and the operator then judge them by the DiagnosisPolicy like any other).
- apiGroups: ["vmnetdiag.io"]
  resources: ["diagnosistriggers"]
  verbs: ["list", "watch"]
# update: each trigger's status (Ready/Stalled, last alert, counts), coalesced to at most one write a second; its
# events go through the events grant above.
- apiGroups: ["vmnetdiag.io"]
  resources: ["diagnosistriggers/status"]
  verbs: ["update"]
- apiGroups: ["vmnetdiag.io"]
  resources: ["networkdiagnoses"]
  verbs: ["create"]
{{- end }}
{{- end -}}

{{/* Lease Role and RoleBinding: apart from the operator's own role, which may sit in the same namespace. */}}
{{- define "vmnetdiag.leaderElectionName" -}}
{{- printf "%s-leader-election" (include "vmnetdiag.operatorName" .) -}}
{{- end -}}

{{/*
Without leader election every replica reconciles: two would start duplicate capture pods and overwrite each
other's verdicts. The schema caps replicas; only a template can tie the cap to operator.leaderElection.
*/}}
{{- define "vmnetdiag.checkReplicas" -}}
{{- if and (gt (int .Values.operator.replicas) 1) (not .Values.operator.leaderElection) -}}
{{- fail "operator.replicas > 1 needs operator.leaderElection: true, or every replica would reconcile the same NetworkDiagnosis resources." -}}
{{- end -}}
{{- end -}}

{{/* The ValidatingAdmissionPolicy (and its binding) that enforces the DiagnosisPolicy at admission. */}}
{{- define "vmnetdiag.admissionPolicyName" -}}
{{- printf "%s-diagnosis-policy" (include "vmnetdiag.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The ClusterRole that reads the enforced DiagnosisPolicy, namespaces and nodes. */}}
{{- define "vmnetdiag.policyReaderName" -}}
{{- printf "%s-policy-reader" (include "vmnetdiag.operatorName" .) -}}
{{- end -}}
