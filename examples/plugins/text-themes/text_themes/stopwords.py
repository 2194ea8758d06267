"""Words that never make a theme: English function words, auxiliaries, and vague fillers."""

STOPWORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anyhow anyone anything anyway anywhere
    are around as at back be became because become becomes becoming been before beforehand
    behind being below beside besides between beyond both but by can cannot could did do does
    doing done down due during each either else elsewhere enough etc even ever every everyone
    everything everywhere except few for former formerly from further had has have having he
    hence her here hereafter hereby herein hers herself him himself his how however i ie if in
    indeed into is it its itself just last latter latterly least less let lets like likely
    made make makes many may maybe me meanwhile might mine more moreover most mostly much must
    my myself namely neither never nevertheless next no nobody none noone nor not nothing now
    nowhere of off often on once one ones only onto or other others otherwise our ours
    ourselves out over own per perhaps please quite rather really said same say says seem
    seemed seeming seems several she should since so some somehow someone something sometime
    sometimes somewhat somewhere still such than that the their theirs them themselves then
    thence there thereafter thereby therefore therein thereupon these they thing things this
    those though through throughout thru thus to together too toward towards under until up
    upon us use used uses using very via was way we well were what whatever when whence
    whenever where whereafter whereas whereby wherein whereupon wherever whether which while
    whither who whoever whole whom whose why will with within without would yet you your yours
    yourself yourselves get gets got getting go goes going went gone lot lots bit kind sort
    ok okay yes yeah also actually basically simply literally definitely probably certainly
    dont doesnt didnt isnt arent wasnt werent wont wouldnt couldnt shouldnt cant im ive id
    youre youve theyre thats theres whats its lets
    """.split()
)
