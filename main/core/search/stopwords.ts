// Common English words that say nothing about an article's subject. Only
// related-articles skips them: in a small library their idf is not yet low
// enough to stop "said" or "after" from pairing unrelated stories. Search
// still indexes and finds them.
export const STOPWORDS = new Set(
  (
    'about above after again against all almost also although always among and another any are around because been before ' +
    'being below between both but came can cannot come could did does doing done down during each either else even ever ' +
    'every few first for from further get gets got had has have having her here hers herself him himself his how however ' +
    'into its itself just last least less like made make makes many may might more most much must near need needs new next ' +
    'nor not now off often once one only other others our ours ourselves out over own per put rather really said same say ' +
    'says see seen she should since some still such take than that the their theirs them themselves then there these they ' +
    'this those though three through thus till too two under until upon very was way well were what whatever when where ' +
    'whether which while who whom whose why will with within without would yet you your yours yourself yourselves week ' +
    'weeks year years day days time times today yesterday monday tuesday wednesday thursday friday saturday sunday month ' +
    'months percent according told including early late later back going want wanted use used using part several'
  ).split(' '),
)
