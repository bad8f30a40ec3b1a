// Public API of @kestrel/server-portfolio: the service module (mounted by the CLI).
export { portfolioService } from './app.js';
export { PortfolioConfigSchema, type PortfolioConfig } from './config.js';
export { PortfolioErrors } from './errors.js';
