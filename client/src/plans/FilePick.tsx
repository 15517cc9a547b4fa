import { useI18n } from '../i18n/I18nProvider.tsx';

/** A file button in the app's language (the browser's own says "Choose File" in a Chinese UI). */
export function FilePick({ accept, file, testId, onChange }: { accept: string; file: File | null; testId: string; onChange: (f: File | null) => void }) {
  const { t } = useI18n();
  return (
    <label className="file-pick" title={file?.name}>
      <input type="file" accept={accept} data-testid={testId} onChange={(e) => onChange(e.target.files?.[0] ?? null)} />
      <span className="file-pick-button">{t('importChoose')}</span>
      <span className="file-pick-name">{file?.name ?? t('importNoFile')}</span>
    </label>
  );
}
