"""Russian texts of the forecasts API (/api/v1/forecasts) and of `almaty stats forecast` /
`almaty stats refresh-forecasts`."""

RU = {
    # API
    "The horizon must be between 1 and %(most)s periods ahead.": "Горизонт должен быть от 1 до %(most)s периодов вперёд.",
    "Unknown gap policy '%(value)s': use refuse or latest_run.": "Неизвестный способ обработки пропусков «%(value)s»: укажите refuse или latest_run.",
    "At most %(limit)s rows in one request: forecast larger sets with the command line.": "Не более %(limit)s строк в одном запросе: большие наборы прогнозируйте в командной строке.",
    "The text cannot be read as CSV.": "Текст не удаётся прочитать как CSV.",
    "At most %(limit)s series in one request (this one has %(count)s): forecast larger sets with the command line.": "Не более %(limit)s рядов в одном запросе (в этом — %(count)s): большие наборы прогнозируйте в командной строке.",
    'Send the observations as "rows" or as "csv": one of the two.': "Передайте наблюдения в «rows» или в «csv» — в одном из двух полей.",
    "The data cannot be forecast: %(count)s problem.": [
        "По данным нельзя построить прогноз: %(count)s проблема.",
        "По данным нельзя построить прогноз: %(count)s проблемы.",
        "По данным нельзя построить прогноз: %(count)s проблем.",
        "По данным нельзя построить прогноз: %(count)s проблемы.",
    ],
    # almaty stats forecast
    "Forecast each series of a CSV file (series_id, period, value) and write the forecasts with 80% and 95% intervals. Needs no database. Exit 2 if the file cannot be forecast.": "Спрогнозировать каждый ряд CSV-файла (series_id, period, value) и записать прогнозы с 80- и 95-процентными интервалами. База данных не нужна. Код выхода 2, если по файлу нельзя построить прогноз.",
    "CSV file with the columns series_id, period, value; one frequency.": "CSV-файл со столбцами series_id, period, value; одна периодичность.",
    "CSV file to write: series_id, period, model, mean, lo_80 ... hi_95.": "CSV-файл для записи: series_id, period, model, mean, lo_80 ... hi_95.",
    "Periods ahead: 1 to 12.": "Периодов вперёд: от 1 до 12.",
    "Series with missing periods: refuse the file, or forecast each from the part after its last gap.": "Ряды с пропущенными периодами: отклонить файл или прогнозировать каждый ряд по части после последнего пропуска.",
    "Forecasting": "Прогнозирование",
    "The file cannot be forecast: %(count)s problem.": [
        "По файлу нельзя построить прогноз: %(count)s проблема.",
        "По файлу нельзя построить прогноз: %(count)s проблемы.",
        "По файлу нельзя построить прогноз: %(count)s проблем.",
        "По файлу нельзя построить прогноз: %(count)s проблемы.",
    ],
    "%(path)s is a folder, not a file.": "%(path)s — папка, а не файл.",
    "The file cannot be read as CSV.": "Файл не удаётся прочитать как CSV.",
    "Cannot read %(path)s: %(reason)s.": "Не удаётся прочитать %(path)s: %(reason)s.",
    "Series": "Ряд",
    "Model": "Модель",
    "First period": "Первый период",
    "Mean": "Среднее",
    "not forecast": "без прогноза",
    "%(n)s series forecast %(horizon)s periods ahead, written to %(path)s.": [
        "Построен прогноз для %(n)s ряда (горизонт: %(horizon)s), записан в %(path)s.",
        "Построены прогнозы для %(n)s рядов (горизонт: %(horizon)s), записаны в %(path)s.",
        "Построены прогнозы для %(n)s рядов (горизонт: %(horizon)s), записаны в %(path)s.",
        "Построены прогнозы для %(n)s ряда (горизонт: %(horizon)s), записаны в %(path)s.",
    ],
    # almaty stats refresh-forecasts
    "Forecast the published series whose values changed since their last forecast, and raise the early warnings the new forecasts show.": "Заново спрогнозировать опубликованные ряды, значения которых изменились после последнего прогноза, и выдать ранние предупреждения по новым прогнозам.",
    "Only this indicator (repeat for several); default: every series.": "Только этот показатель (повторите для нескольких); по умолчанию — все ряды.",
    "%(n)s forecast made.": [
        "Построено прогнозов: %(n)s.",
        "Построено прогнозов: %(n)s.",
        "Построено прогнозов: %(n)s.",
        "Построено прогнозов: %(n)s.",
    ],
    "%(n)s series unchanged since its last forecast.": [
        "Рядов без изменений после последнего прогноза: %(n)s.",
        "Рядов без изменений после последнего прогноза: %(n)s.",
        "Рядов без изменений после последнего прогноза: %(n)s.",
        "Рядов без изменений после последнего прогноза: %(n)s.",
    ],
    "%(n)s series not forecast.": [
        "Рядов без прогноза: %(n)s.",
        "Рядов без прогноза: %(n)s.",
        "Рядов без прогноза: %(n)s.",
        "Рядов без прогноза: %(n)s.",
    ],
    "%(n)s early warning raised.": [
        "Выдано ранних предупреждений: %(n)s.",
        "Выдано ранних предупреждений: %(n)s.",
        "Выдано ранних предупреждений: %(n)s.",
        "Выдано ранних предупреждений: %(n)s.",
    ],
    "Reason": "Причина",
    "Warning": "Предупреждение",
    "too few values": "слишком мало значений",
    "does not end with its total": "заканчивается не тем периодом, что итог",
    "the method gave no forecast": "метод не дал прогноза",
    "The first forecasts are made in the task queue (about a minute).": "Первые прогнозы строятся в очереди задач (около минуты).",
}
