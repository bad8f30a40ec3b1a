// Public API of @kestrel/server-simulation.
export { simulationService } from './app.js';
export { SimulationErrors } from './errors.js';
