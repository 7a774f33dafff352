<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <renderer-v2 type="categorizedSymbol" attr="band_index" forceraster="0" symbollevels="0" enableorderby="1">
    <categories>
      <category value="0" symbol="0" label="Proche (0–500 m)" render="true"/>
      <category value="1" symbol="1" label="Intermédiaire (500 m–2 km)" render="true"/>
      <category value="2" symbol="2" label="Éloigné (2–5 km)" render="true"/>
      <category value="3" symbol="3" label="Lointain (5–10 km)" render="true"/>
      <category value="4" symbol="4" label="Bande 5" render="true"/>
      <category value="5" symbol="5" label="Bande 6" render="true"/>
    </categories>
    <symbols>
      <symbol type="fill" name="0" alpha="0.6" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="179,0,0,255"/>
            <Option type="QString" name="outline_color" value="179,0,0,255"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_style" value="no"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="0.6" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="241,105,19,255"/>
            <Option type="QString" name="outline_color" value="241,105,19,255"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_style" value="no"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="0.6" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="254,217,118,255"/>
            <Option type="QString" name="outline_color" value="254,217,118,255"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_style" value="no"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="0.6" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="107,174,214,255"/>
            <Option type="QString" name="outline_color" value="107,174,214,255"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_style" value="no"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="0.6" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="158,202,225,255"/>
            <Option type="QString" name="outline_color" value="158,202,225,255"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_style" value="no"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="5" alpha="0.6" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="198,219,239,255"/>
            <Option type="QString" name="outline_color" value="198,219,239,255"/>
            <Option type="QString" name="outline_width" value="0.1"/>
            <Option type="QString" name="style" value="solid"/>
            <Option type="QString" name="outline_style" value="no"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
    <orderby>
      <orderByClause asc="0" nullsFirst="0">"band_index"</orderByClause>
    </orderby>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <previewExpression>"name"</previewExpression>
  <mapTip>[% "name" %] — [% "band" %] ([% "from_m" %]–[% "to_m" %] m), [% "zone" %], [% "commune" %] : [% "area_ha" %] ha visibles ([% format_number("band_visible_share" * 100, 0) %] % de la bande)</mapTip>
</qgis>
