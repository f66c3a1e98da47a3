const monthNames = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * Python's strftime for the codes chat templates use (Llama 3.x prints "26 Jul 2024"). English names always,
 * as Python's C locale gives, so a template renders the same on every machine.
 */
export function formatStrftime(date: Date, format: string): string {
  return format.replace(/%([a-zA-Z%])/g, (whole, code: string) => {
    switch (code) {
      case 'Y': return String(date.getFullYear());
      case 'y': return pad(date.getFullYear() % 100);
      case 'm': return pad(date.getMonth() + 1);
      case 'd': return pad(date.getDate());
      case 'e': return String(date.getDate()).padStart(2, ' ');
      case 'b': return monthNames[date.getMonth()]?.slice(0, 3) ?? '';
      case 'B': return monthNames[date.getMonth()] ?? '';
      case 'a': return dayNames[date.getDay()]?.slice(0, 3) ?? '';
      case 'A': return dayNames[date.getDay()] ?? '';
      case 'H': return pad(date.getHours());
      case 'I': return pad(((date.getHours() + 11) % 12) + 1);
      case 'p': return date.getHours() < 12 ? 'AM' : 'PM';
      case 'M': return pad(date.getMinutes());
      case 'S': return pad(date.getSeconds());
      case 'j': return pad(dayOfYear(date), 3);
      case '%': return '%';
      default: return whole;
    }
  });
}

function dayOfYear(date: Date): number {
  const start = new Date(date.getFullYear(), 0, 1);
  return Math.floor((date.getTime() - start.getTime()) / 86_400_000) + 1;
}
