import { useI18n } from '../i18n/I18nProvider.tsx';
import './map.css';

/**
 * The built-in basemap draws Natural Earth's country and province outlines, which are indicative
 * (about 1 km) and not a 标准地图, the reviewed standard map a published map of China must follow:
 * the map says so wherever they are drawn. A configured basemap (BASEMAP_STYLE_URL, e.g. Tianditu)
 * brings its own boundaries and its own approval.
 */
export function OutlineNotice() {
  const { t } = useI18n();
  return (
    <p className="outline-notice" data-testid="outline-notice" data-map-overlay>
      {t('outlineNotice')}
    </p>
  );
}
