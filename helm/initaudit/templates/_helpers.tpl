{{- define "initaudit.name" -}}{{ .Chart.Name }}{{- end -}}

{{- define "initaudit.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "initaudit.labels" -}}
app.kubernetes.io/name: {{ include "initaudit.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "initaudit.dbSecret" -}}
{{- if .Values.database.existingSecret -}}{{ .Values.database.existingSecret }}{{- else -}}{{ include "initaudit.fullname" . }}-db{{- end -}}
{{- end -}}

{{- define "initaudit.workerKeySecret" -}}
{{- if .Values.workerKey.existingSecret -}}{{ .Values.workerKey.existingSecret }}{{- else -}}{{ include "initaudit.fullname" . }}-worker-key{{- end -}}
{{- end -}}

{{- define "initaudit.env" -}}
- name: SPRING_DATASOURCE_URL
  valueFrom: { secretKeyRef: { name: {{ include "initaudit.dbSecret" . }}, key: url } }
- name: SPRING_DATASOURCE_USERNAME
  valueFrom: { secretKeyRef: { name: {{ include "initaudit.dbSecret" . }}, key: username } }
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ include "initaudit.dbSecret" . }}, key: password } }
{{- if or .Values.apiKeys.existingSecret .Values.apiKeys.keys }}
- name: INITAUDIT_API_KEYS
  valueFrom: { secretKeyRef: { name: {{ default (printf "%s-api-keys" (include "initaudit.fullname" .)) .Values.apiKeys.existingSecret }}, key: api-keys } }
{{- end }}
{{- if or .Values.workerKey.existingSecret .Values.workerKey.value }}
- name: INITAUDIT_WORKER_KEYS
  valueFrom: { secretKeyRef: { name: {{ include "initaudit.workerKeySecret" . }}, key: worker-key } }
{{- end }}
{{- if .Values.logging.structured }}
- name: LOGGING_STRUCTURED_FORMAT_CONSOLE
  value: {{ .Values.logging.structured | quote }}
{{- end }}
{{- end -}}
