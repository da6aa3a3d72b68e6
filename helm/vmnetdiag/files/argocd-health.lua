-- Argo CD health of a vmnetdiag.io NetworkDiagnosis, following its kstatus conditions.
-- Install: argocd-cm data key resource.customizations.health.vmnetdiag.io_NetworkDiagnosis (see the chart README).
-- Healthy: the run ended with a verdict (Ready True), whether or not it found a fault: the verdict is the
--   diagnosis' result, not a failure of the resource; the fault shows in the message, the status and the events.
-- Degraded: the run ended without a verdict (Stalled True; or, from an operator that predates Stalled, Ready False
--   with a completionTime): invalid spec, capture failed, timed out, policy denied.
-- Progressing: no status yet, a generation the operator has not observed, or a run under way (Reconciling True).
hs = {}

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function verdictText(status)
  local v = status.verdict
  if v == nil or v.reason == nil then
    return nil
  end
  local text = v.reason
  if v.location ~= nil then
    text = text .. " at " .. v.location
  end
  return text
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the diagnosis"
  return hs
end

local status = obj.status
local generation = obj.metadata.generation
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local stalled = condition(status.conditions, "Stalled")
local reconciling = condition(status.conditions, "Reconciling")
local ready = condition(status.conditions, "Ready")
-- A condition written for an older generation says nothing about this one.
local function current(c)
  return c ~= nil and (generation == nil or c.observedGeneration == nil or c.observedGeneration >= generation)
end

if current(stalled) and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = (stalled.reason or "Stalled") .. ": " .. (stalled.message or "")
  return hs
end
if current(reconciling) and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = reconciling.message or "Diagnosing"
  return hs
end
if current(ready) and ready.status == "True" then
  hs.status = "Healthy"
  local verdict = verdictText(status)
  if verdict ~= nil then
    hs.message = verdict .. ": " .. (ready.message or "")
  else
    hs.message = ready.message or "Diagnosed"
  end
  return hs
end
if current(ready) and ready.status == "False" and status.completionTime ~= nil then
  hs.status = "Degraded"
  hs.message = (ready.reason or "Failed") .. ": " .. (ready.message or "")
  return hs
end
hs.status = "Progressing"
if current(ready) and ready.message ~= nil then
  hs.message = ready.message
else
  hs.message = "Diagnosing"
end
return hs
