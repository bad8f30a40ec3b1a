import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comboOfEvent, commandFor, conflicts, defaultBindings, firesWhileTyping, mergeBindings, normaliseCombo } from './hotkey-registry.js';

const event = (key: string, modifiers: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean; metaKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...modifiers,
});

describe('hotkey registry', () => {
  it('normalises combinations to one canonical text', () => {
    assert.equal(normaliseCombo('shift+ctrl+b'), 'Ctrl+Shift+B');
    assert.equal(normaliseCombo('Cmd + K'), 'Meta+K');
    assert.equal(normaliseCombo('f5'), 'F5');
    assert.equal(normaliseCombo('ctrl+alt+right'), 'Ctrl+Alt+ArrowRight');
    assert.equal(normaliseCombo('Ctrl++'), 'Ctrl++');
    assert.equal(normaliseCombo('ctrl+shift'), null);
    assert.equal(normaliseCombo('a+b'), null);
    assert.equal(normaliseCombo('ctrl+ctrl+a'), null);
  });

  it('reads the same combination from a keyboard event', () => {
    assert.equal(comboOfEvent(event('B', { shiftKey: true, ctrlKey: true })), 'Ctrl+Shift+B');
    assert.equal(comboOfEvent(event('b', { shiftKey: true })), normaliseCombo('Shift+B'));
    assert.equal(comboOfEvent(event('ArrowRight', { ctrlKey: true, altKey: true })), 'Ctrl+Alt+ArrowRight');
    assert.equal(comboOfEvent(event('Shift', { shiftKey: true })), null);
    assert.equal(comboOfEvent(event(' ')), 'Space');
  });

  it('lets only modified keys and function keys fire while typing', () => {
    assert.equal(firesWhileTyping('Shift+B'), false);
    assert.equal(firesWhileTyping('B'), false);
    assert.equal(firesWhileTyping('Ctrl+S'), true);
    assert.equal(firesWhileTyping('F1'), true);
  });

  it('has no conflicts in the defaults and finds the command of a combination', () => {
    assert.deepEqual(conflicts(defaultBindings()), []);
    assert.equal(commandFor(defaultBindings(), 'Ctrl+S'), 'workspace.save');
    assert.equal(commandFor(defaultBindings(), 'Ctrl+Y'), null);
  });

  it('overlays stored bindings, drops garbage and reports conflicts', () => {
    const merged = mergeBindings({ 'workspace.save': 'alt+s', 'ticket.buy': 'ctrl+s', 'no.such': 'F2', 'ticket.sell': 42, 'theme.toggle': 'ctrl+', 'panel.dom': '' });
    assert.equal(merged['workspace.save'], 'Alt+S');
    assert.equal(merged['ticket.buy'], 'Ctrl+S');
    assert.equal(merged['ticket.sell'], 'Shift+S');
    assert.equal(merged['theme.toggle'], 'Ctrl+Shift+L');
    assert.equal(merged['panel.dom'], '');
    assert.equal('no.such' in merged, false);
    const clash = mergeBindings({ 'ticket.buy': 'Ctrl+S' });
    assert.deepEqual(conflicts(clash), [{ combo: 'Ctrl+S', commands: ['ticket.buy', 'workspace.save'] }]);
    assert.equal(commandFor(clash, 'Ctrl+S'), null);
  });
});
