// Parameter optimisation and walk-forward analysis.

export { OBJECTIVES, objectiveValue, score, type Objective } from './objective.js';
export { evaluateTrials, optimisationPoints, optimise, rank, type OptimiseOptions, type OptimiseProgress, type OptimiseRequest, type OptimiseResult } from './optimiser.js';
export { packSeries, unpackSeries, type PackedSeries } from './packed-series.js';
export { checkSpace, gridPoints, MAX_GRID_POINTS, randomPoints, type ParameterSpace, type ParamRange } from './parameter-space.js';
export { TrialPool, type TrialPoolOptions } from './trial-pool.js';
export { runTrial, sliceSeries, type TimeRange, type TrialConfig, type TrialJob, type TrialResult } from './trial.js';
export { walkForward, walkForwardWindows, type CombinedCurve, type WalkForwardRequest, type WalkForwardResult, type WalkForwardWindow, type WindowBounds } from './walk-forward.js';
export { decimateCurve } from './curve-decimation.js';
