// When the order ticket and the ladder ask before sending: always, for market orders, or above a
// notional. Saved in the user's preferences (they follow the user to every machine).
import { useState } from 'react';
import { decimalToMinor, minorToDecimal } from '@kestrel/shared';
import { useStore } from 'zustand';
import { useServices } from '../../app/services-context.js';
import { Modal } from '../../ui/modal.js';

/** The trading settings dialog (amounts in USD). */
export function TradingSettingsDialog({ onClose }: { onClose: () => void }) {
  const { preferences } = useServices();
  const saved = useStore(preferences.store, (state) => state.confirmations);
  const [always, setAlways] = useState(saved.always);
  const [market, setMarket] = useState(saved.marketOrders);
  const [threshold, setThreshold] = useState(saved.aboveNotionalMinor > 0 ? minorToDecimal(saved.aboveNotionalMinor, 'USD') : '');
  let thresholdMinor: number | null = 0;
  try {
    thresholdMinor = threshold.trim() === '' ? 0 : decimalToMinor(threshold.trim().replace(/,/g, ''), 'USD');
  } catch {
    thresholdMinor = null;
  }
  return (
    <Modal title="Trading settings" onClose={onClose} testId="trading-settings">
      <div className="ticket">
        <label className="row">
          <input type="checkbox" checked={always} onChange={(event) => setAlways(event.target.checked)} data-testid="confirm-always" /> Confirm every order
        </label>
        <label className="row">
          <input type="checkbox" checked={market} onChange={(event) => setMarket(event.target.checked)} /> Confirm market orders
        </label>
        <label className="field">
          <span>Confirm orders above this notional (USD; empty: never for size)</span>
          <input className="input num" value={threshold} onChange={(event) => setThreshold(event.target.value)} />
        </label>
        {thresholdMinor === null && <div className="error-text">Enter an amount with at most two decimals</div>}
        <div className="row">
          <span className="spacer" />
          <button className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            className="btn btn-primary"
            disabled={thresholdMinor === null || (thresholdMinor ?? 0) < 0}
            data-testid="save-trading-settings"
            onClick={() => {
              preferences.update({ confirmations: { always, marketOrders: market, aboveNotionalMinor: thresholdMinor ?? 0 } });
              onClose();
            }}
          >
            Save
          </button>
        </div>
      </div>
    </Modal>
  );
}
