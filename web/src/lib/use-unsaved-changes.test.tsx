import { screen } from '@testing-library/react';
import { useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '@/test/render';
import { useUnsavedChanges } from './use-unsaved-changes';

function Editor() {
  const [saved, setSaved] = useState('');
  const [value, setValue] = useState('');
  const guard = useUnsavedChanges(value !== saved);
  const navigate = useNavigate();
  return (
    <>
      <label>
        Note
        <input value={value} onChange={(e) => setValue(e.currentTarget.value)} />
      </label>
      <button
        onClick={() => {
          setSaved(value);
          guard.allowNavigation();
          void navigate('/done');
        }}
      >
        Save
      </button>
      <Link to="/elsewhere">Elsewhere</Link>
      {guard.dialog}
    </>
  );
}

function renderEditor() {
  return renderWithApp(
    <Routes>
      <Route path="/edit" element={<Editor />} />
      <Route path="/elsewhere" element={<output>elsewhere</output>} />
      <Route path="/done" element={<output>saved and gone</output>} />
    </Routes>,
    { route: '/edit' },
  );
}

describe('useUnsavedChanges', () => {
  it('lets a clean page go without asking', async () => {
    const { user } = renderEditor();
    await user.click(screen.getByRole('link', { name: 'Elsewhere' }));
    expect(await screen.findByText('elsewhere')).toBeVisible();
  });

  it('asks before leaving unsaved work: Stay keeps it, Leave discards it', async () => {
    const { user } = renderEditor();
    await user.type(screen.getByRole('textbox', { name: 'Note' }), 'draft');
    await user.click(screen.getByRole('link', { name: 'Elsewhere' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    await user.click(screen.getByRole('button', { name: 'Stay' }));
    expect(dialog).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Note' })).toHaveValue('draft');

    await user.click(screen.getByRole('link', { name: 'Elsewhere' }));
    await user.click(await screen.findByRole('button', { name: 'Leave without saving' }));
    expect(await screen.findByText('elsewhere')).toBeVisible();
  });

  it('does not ask for the navigation a save makes', async () => {
    const { user } = renderEditor();
    await user.type(screen.getByRole('textbox', { name: 'Note' }), 'draft');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('saved and gone')).toBeVisible();
  });
});
