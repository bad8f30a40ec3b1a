// React access to the app services and to zustand vanilla stores.
import { createContext, useContext } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { AppServices } from './services.js';

/** The services of this page. */
export const ServicesContext = createContext<AppServices | null>(null);

/** The app services (inside ServicesContext). */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}

/** Subscribes to a slice of a vanilla store. */
export function useVanilla<S, T>(store: StoreApi<S>, selector: (state: S) => T): T {
  return useStore(store, selector);
}
